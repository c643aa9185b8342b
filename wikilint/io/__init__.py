"""Input and output of files: reading and writing wiki files, XML dumps, file discovery."""
