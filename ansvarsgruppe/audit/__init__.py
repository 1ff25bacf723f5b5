"""Who looked at a group's records and when (the sector norm expects the person to be able to see it).

Innsyn reads two of Frappe's logs in one query: the View Log (every single-record read of the app's
DocTypes on any road, ``AuditedRecord``) and the Access Log (prints, PDFs, and each document sent by
e-mail, with its recipients)."""
