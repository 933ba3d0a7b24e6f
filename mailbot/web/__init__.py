"""The review desk (`mailbot serve`): a small server-rendered Flask app over the store.

Pages are rendered by Jinja2 with autoescape on, because every comment, subject
and filename is untrusted mail content; htmx swaps parts of a page in place, and
every form still works without it. static/htmx.min.js is htmx 2.0.11 as published
on npm (`npm pack htmx.org@2.0.11`, file dist/htmx.min.js; BSD Zero Clause
License): no JS build step.
"""
