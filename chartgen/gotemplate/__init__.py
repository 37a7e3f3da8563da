"""The Go text/template engine, laid out as Go's package: lex, parse, exec, funcs, print."""
