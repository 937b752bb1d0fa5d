import { createContext, useContext } from "react";

// The CSP nonce of this response, for Remix's inline scripts (server only; empty on the client).
export const NonceContext = createContext("");
export const useNonce = () => useContext(NonceContext);
