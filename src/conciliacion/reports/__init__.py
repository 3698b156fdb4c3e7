"""Weekly incidents and the monthly report for the client."""
