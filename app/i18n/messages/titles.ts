// Browser tab titles (<title>) that no page heading already says (issue 18). Most titles reuse the
// pages' own keys (nav.*, mtg.title, …); see app/utils/meta.ts. zh is the source of truth, en has every key.
export const titlesZh = {
  "title.userSessions": "用户会话",
  "title.cashflow": "现金流",
  "title.milestone": "里程碑",
  "title.meetingPrint": "例会议程与纪要",
  "title.meetingPrintOf": "{date} 例会议程与纪要",
};

export const titlesEn: Record<keyof typeof titlesZh, string> = {
  "title.userSessions": "User sessions",
  "title.cashflow": "Cash flow",
  "title.milestone": "Milestone",
  "title.meetingPrint": "Meeting agenda and minutes",
  "title.meetingPrintOf": "Agenda and minutes of {date}",
};
