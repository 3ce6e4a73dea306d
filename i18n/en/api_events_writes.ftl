# Saving an event started from an older version (API If-Match, back office form).
events-api-error-stale = The event was saved by someone else since you read it: nothing was changed. Read it again (its new ETag) and send your change again.
events-admin-stale-title = Someone else saved this event meanwhile
events-admin-stale-text = Nothing was saved: what you typed is kept below. Here is what the other person saved, where it differs from your version. Saving again will replace it with yours.
events-admin-stale-same = Their version has the same values as yours.
events-admin-stale-yes = Yes
events-admin-stale-no = No
