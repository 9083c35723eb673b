"""The only code that touches the output folder: ``write`` (into a scratch folder
swapped in atomically, keeping the previous site on any failure) and ``deploy``."""
