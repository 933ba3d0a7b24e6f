"""Where raw messages come from: files and folders, Maildir, mbox, IMAP."""
