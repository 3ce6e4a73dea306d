# calls_jury
