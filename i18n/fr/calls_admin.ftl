# calls_admin
