// UI text of a milestone's one status (issue 16): the health flags (health.*) are the status shown
// everywhere, judged as of one date; the entered progress state is only 进度状态. The agenda names the
// cause of a moved successor; the overview says whether a slip on the 关键路径 moves the end.
// Merged into messages.ts; zh is the source of truth, en has every key.
export const statusZh = {
  "scheduleStatus.progressState": "进度状态",
  "scheduleStatus.agendaAsOf": "进度事项的状态、延误天数及其原因均按会议日 {date} 判断。",
  "scheduleStatus.endLate": "{name}预计 {forecast} 完成，较计划（{planned}）推迟 {days} 天",
  "scheduleStatus.endCause": "关键路径上的 {code} {name}自身延误 {own} 天",
  "scheduleStatus.reason": "（原因：{reason}）",
  "scheduleStatus.endOnPlan": "关键路径上无延误，{name}预计按计划 {planned} 完成",
  "scheduleStatus.criticalSlipping": "关键路径上延误的节点",
  "scheduleStatus.slipsBy": "延误 {days} 天",
  "scheduleStatus.movedBy": "受 {code} 影响",
  "scheduleStatus.ownSlip": "自身原因",
  "scheduleStatus.seeSlipping": "查看关键路径",
  "agenda.cause": "受影响于",
  "agenda.ownSlipDays": "自身延误天数",
  "agenda.expectedEnd": "登记的预计完成",
};

export const statusEn: Record<keyof typeof statusZh, string> = {
  "scheduleStatus.progressState": "Progress state",
  "scheduleStatus.agendaAsOf": "Schedule items (status, days late and their cause) are judged as of the meeting's date, {date}.",
  "scheduleStatus.endLate": "{name} is forecast to finish on {forecast}, {days} {days|day|days} later than planned ({planned})",
  "scheduleStatus.endCause": "on the critical path, {code} {name} slips {own} days of its own",
  "scheduleStatus.reason": " (reason: {reason})",
  "scheduleStatus.endOnPlan": "No slip on the critical path: {name} is forecast to finish on plan, {planned}",
  "scheduleStatus.criticalSlipping": "Critical milestones slipping",
  "scheduleStatus.slipsBy": "{days} {days|day|days} late",
  "scheduleStatus.movedBy": "moved by {code}",
  "scheduleStatus.ownSlip": "its own slip",
  "scheduleStatus.seeSlipping": "See the critical path",
  "agenda.cause": "Moved by",
  "agenda.ownSlipDays": "Own slip (days)",
  "agenda.expectedEnd": "Expected finish (recorded)",
};
