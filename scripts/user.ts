// Manage users from the command line (the admin page /admin/users lists them and ends their sessions):
//   npm run user -- list
//   npm run user -- create <username> --name "张三" --roles pm,finance [--password …]
//   npm run user -- passwd <username> [--password …]
//   npm run user -- roles <username> --roles exec,member
//   npm run user -- disable <username>
// Without --password, the password is read from the terminal (not echoed) or from stdin.
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { z } from "zod";
import { disconnectDatabase, prisma } from "../app/db.server";
import { isRole, ROLES } from "../app/domain/permissions";
import { createUser, listUsers, setPassword, setRoles, disableUser } from "../app/models/users.server";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: "string" }, roles: { type: "string" }, password: { type: "string" } },
});
const [command, username] = positionals;

const usernameSchema = z.string().regex(/^[a-z0-9_.-]{2,32}$/, "username: 2–32 of a–z 0–9 _ . -");
const passwordSchema = z.string().min(10, "password: at least 10 characters").max(200);

function parseRoles(text: string | undefined) {
  const roles = (text ?? "").split(",").map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !isRole(r));
  if (roles.length === 0 || unknown.length > 0) throw new Error(`--roles: a comma-separated list of ${ROLES.join(", ")}${unknown.length ? ` (unknown: ${unknown.join(", ")})` : ""}`);
  return roles.filter(isRole);
}

async function readPassword(): Promise<string> {
  if (values.password) return values.password;
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: process.stdin.isTTY ? muted : undefined, terminal: Boolean(process.stdin.isTTY) });
  if (process.stdin.isTTY) process.stdout.write("Password: ");
  const line: string = await new Promise((resolve) => rl.once("line", resolve));
  rl.close();
  if (process.stdin.isTTY) process.stdout.write("\n");
  return line;
}

async function main() {
  switch (command) {
    case "list": {
      for (const user of await listUsers()) {
        console.log(`${user.username}\t${user.displayName}\t${user.roles.map((r) => r.role).join(",")}${user.active ? "" : "\t(disabled)"}`);
      }
      return;
    }
    case "create": {
      const name = usernameSchema.parse(username);
      const roles = parseRoles(values.roles);
      const password = passwordSchema.parse(await readPassword());
      await createUser({ username: name, displayName: values.name ?? name, password, roles }, { userId: null });
      console.log(`created ${name} (${roles.join(", ")})`);
      return;
    }
    case "passwd": {
      const name = usernameSchema.parse(username);
      await setPassword(name, passwordSchema.parse(await readPassword()), { userId: null });
      console.log(`password changed for ${name}; their sessions have ended`);
      return;
    }
    case "roles": {
      const name = usernameSchema.parse(username);
      const roles = parseRoles(values.roles);
      await setRoles(name, roles, { userId: null });
      console.log(`${name}: ${roles.join(", ")}; their sessions have ended`);
      return;
    }
    case "disable": {
      await disableUser(usernameSchema.parse(username), { userId: null });
      console.log(`${username} disabled; their sessions have ended`);
      return;
    }
    default:
      console.error("usage: npm run user -- list | create <username> --name N --roles r1,r2 | passwd <username> | roles <username> --roles r1 | disable <username>");
      process.exitCode = 2;
  }
}

main()
  .catch((error) => {
    console.error(error instanceof z.ZodError ? error.issues.map((i) => i.message).join("\n") : (error as Error).message);
    process.exitCode = 1;
  })
  .finally(() => disconnectDatabase());
