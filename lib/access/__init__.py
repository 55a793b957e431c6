"""Who may do what: roles and their permissions (roles), the local accounts file with argon2 password hashes and
an optional workshop room code (accounts), and how exposed the running server is (exposure). No streamlit here:
app_pages/shell.py reads the server's options and the session, and asks these modules."""
