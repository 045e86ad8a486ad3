"""Pages of the key account database; thin: parse, call a selector or service, render."""
