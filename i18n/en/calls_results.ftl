# calls_results
