// The areas an audit entry belongs to (the audit log filters by them).
export const AUDIT_AREAS = ["schedule", "capital", "financing", "sales", "meeting", "admin"] as const;
export type AuditArea = (typeof AUDIT_AREAS)[number];
