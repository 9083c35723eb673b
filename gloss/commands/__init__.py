"""The command line: ``cli`` parses arguments and calls the packages below it
(thin commands), ``init`` makes a new site, ``scaffold`` a new bundle."""
