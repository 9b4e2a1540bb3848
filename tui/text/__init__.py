"""Text as people read it: untrusted strings made safe to show, and Chinese split into words."""
