/** The password every demo account starts with (prisma/seed.ts); the sign-in page hints at it only while an account still uses it. */
export const DEMO_PASSWORD = "groundwork";
