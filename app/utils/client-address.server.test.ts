import { afterEach, describe, expect, it } from "vitest";
import { addressKey, clientAddress } from "./client-address.server";

describe("addressKey", () => {
  it("keeps IPv4 addresses and unwraps IPv4-mapped ones", () => {
    expect(addressKey("203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("counts an IPv6 client by its /64 network", () => {
    expect(addressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:DB8:0001:0002:ffff::9%eth0")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("2001:db8:1:2::1")).toBe(addressKey("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    expect(addressKey("2001:db8:1:3::1")).not.toBe(addressKey("2001:db8:1:2::1"));
  });
});

describe("clientAddress", () => {
  afterEach(() => {
    delete process.env.TRUST_PROXY;
  });
  const request = new Request("http://localhost/login", { headers: { "X-Forwarded-For": "198.51.100.1, 203.0.113.9" } });

  it("uses the socket's address unless a proxy is trusted", () => {
    expect(clientAddress(request, { clientAddress: "2001:db8:1:2::5" })).toBe("2001:db8:1:2::/64");
    expect(clientAddress(request, {})).toBe("local");
    process.env.TRUST_PROXY = "1";
    expect(clientAddress(request, { clientAddress: "10.0.0.1" })).toBe("203.0.113.9");
  });
});
