# Safe writes: full replacement (PUT), partial update (PATCH), versions.

api-error-stale = This content changed since you read it (the If-Match version is no longer the current one). Read it again, then retry.
api-error-missing-field = A full replacement (PUT) needs this field; to change only some fields, use PATCH.
admin-stale-notice = Someone else saved this content while you were editing it. Nothing was saved: your text is below, and their current version beside it so you can merge.
admin-stale-theirs = Version saved meanwhile
