import type { Health, MilestoneStatus } from "~/domain/schedule";
import { useT } from "~/i18n";

export function HealthBadge({ health }: { health: Health }) {
  const t = useT();
  return <span className={`badge health-${health}`}>{t(`health.${health}`)}</span>;
}

export function StatusBadge({ status }: { status: MilestoneStatus }) {
  const t = useT();
  return <span className={`badge status-${status}`}>{t(`status.${status}`)}</span>;
}
