// The 成本科目 select of the payment, contract and 待发生成本 forms: the leaf accounts (models/cost/
// accounts.server.ts leafOptions), grouped by part (budget line) and first-level account, each shown as
// "code name".
import type { SelectHTMLAttributes } from "react";
import { localName, useLang } from "~/i18n";

export type LeafChoice = {
  id: number;
  lineId: number;
  code: string;
  name: string;
  nameEn: string;
  line: { code: string; name: string; nameEn: string };
  parent: { code: string; name: string; nameEn: string };
};

export function LeafSelect({
  leaves,
  empty,
  suffix,
  ...props
}: { leaves: LeafChoice[]; empty?: string; suffix?: (leaf: LeafChoice) => string } & SelectHTMLAttributes<HTMLSelectElement>) {
  const lang = useLang();
  const groups: { key: string; label: string; leaves: LeafChoice[] }[] = [];
  for (const leaf of leaves) {
    const key = `${leaf.line.code}|${leaf.parent.code}`;
    let group = groups.find((g) => g.key === key);
    if (!group) {
      group = { key, label: `${leaf.line.code} ${localName(lang, leaf.line)} · ${leaf.parent.code} ${localName(lang, leaf.parent)}`, leaves: [] };
      groups.push(group);
    }
    group.leaves.push(leaf);
  }
  return (
    <select {...props}>
      {empty !== undefined ? <option value="">{empty}</option> : null}
      {groups.map((group) => (
        <optgroup key={group.key} label={group.label}>
          {group.leaves.map((leaf) => (
            <option key={leaf.id} value={leaf.id}>
              {leaf.code} {localName(lang, leaf)}
              {suffix ? ` · ${suffix(leaf)}` : ""}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
