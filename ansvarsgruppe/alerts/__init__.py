"""Scheduled e-mail alerts on top of Frappe's Notifications.

Every alert is a standard Notification shipped in ``ansvarsgruppe/ansvarsgruppe/notification/``: its subject,
text, recipients, condition and, for "Days Before"/"Days After" alerts, its days are what an administrator
edits in the desk (Frappe's way: disable the shipped notification and duplicate it; the duplicate is the
administrator's own document, and ``bench migrate`` re-imports a shipped notification only when its file is
newer, keeping its "enabled" as the administrator left it).

Two kinds of timing:
- "Days Before"/"Days After" on a document's own date: Frappe's daily ``trigger_daily_alerts`` sends them;
  for the app's DocTypes ``overrides.notification.AlertNotification`` picks the documents due in one query
  (``date_alerts``), never about a closed group, and each document once per occasion (``ledger``, Sent Alert).
- "Method" alerts, for rules that need other documents or settings (an application left unanswered, an
  escalation still open, a consent withdrawal): the app's code finds the occasion (``ansvarsgruppe.tasks``
  and the Consent hook, ``consent_withdrawal``) and sends every enabled Notification with that method, once
  per occasion (``method_alerts``).

Recipients who are members of the group without access (ended, or their unit no longer covered by the
consent, R5) are removed from every alert about a group, whoever the Notification names (``recipients``).
"""
