/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

// Single Fetch types for useLoaderData/useActionData (remix.config.js sets v3_singleFetch).
declare module "@remix-run/server-runtime" {
  interface Future {
    v3_singleFetch: true;
  }
}

export {};
