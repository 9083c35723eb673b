"""The pure stages after load: ``parse`` (Markdown and notes -> a parsed article),
``resolve`` (anchors, references and placement -> an ``Article`` view),
``sitewide``/``crosslink``/``ranking`` (tags, days, related, backlinks), the
compact per-article ``records`` and ``render`` (views -> HTML through Jinja)."""
