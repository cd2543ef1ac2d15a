"""Text before any place or event: name keys (`normalize`), sentence spans (`sentences`), one
pass that says which regexes can match (`prefilter`), and bytes to text (`encodings`)."""
