# Input checks: the shared value types (src/core/values.rs), conflicts, limits
field-phone = Enter a valid phone number, for example 01 23 45 67 89 or +44 20 7946 0958.
field-end-before-start = The end must be after the start.
error-taken = This value is already in use.
field-taken = This value is already in use.
field-email-taken = Someone already has an account with this e-mail address. Their password and role are unchanged.
media-error-pixels = This picture is too large: 40 million pixels at most (for example 8,000 × 5,000). Make it smaller before sending it.
