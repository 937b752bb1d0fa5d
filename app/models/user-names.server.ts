// The name of a user as pages show it, in both languages (issue 18: a person's name in the language of the
// page). A user linked to a person is shown by the person's name and title (王建国（总经理） / Wang Jianguo
// (General Manager)); an account without a person (the administrator) by its display name.
import { prisma } from "~/db.server";

export type UserName = { name: string; nameEn: string };

/** What to select on a user to name it. */
export const userNameSelect = {
  displayName: true,
  person: { select: { name: true, nameEn: true, title: true, titleEn: true } },
} as const;

type NamedUser = { displayName: string; person: { name: string; nameEn: string; title: string; titleEn: string } | null };

export function userNameOf(user: NamedUser): UserName {
  const person = user.person;
  if (!person) return { name: user.displayName, nameEn: user.displayName };
  return {
    name: `${person.name}（${person.title}）`,
    nameEn: `${person.nameEn || person.name} (${person.titleEn || person.title})`,
  };
}

/** The names of these users, by id (a missing id has no entry). */
export async function userNamesById(ids: Iterable<number | null | undefined>): Promise<Map<number, UserName>> {
  const wanted = [...new Set([...ids].filter((id): id is number => typeof id === "number" && id > 0))];
  if (wanted.length === 0) return new Map();
  const users = await prisma.user.findMany({ where: { id: { in: wanted } }, select: { id: true, ...userNameSelect } });
  return new Map(users.map((user) => [user.id, userNameOf(user)]));
}

/** For a user id that may be missing: its name, or empty in both languages. */
export const NO_USER: UserName = { name: "", nameEn: "" };
