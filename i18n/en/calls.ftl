# calls
nav-calls = Calls and competitions
calls-legal-association = Association
calls-legal-local-authority = Local authority
calls-legal-cooperative = Cooperative
calls-legal-company = Company
calls-error-siret-digits = A SIRET has 14 digits.
calls-error-siret-key = This SIRET does not exist: its check digit does not match. Check the digits.
calls-error-rna = An RNA number is W followed by 9 digits (for example W751234567).
