"""Files made from the site's views in formats other than the theme's HTML:
Atom feeds, sitemaps, W3C Web Annotations, the Pagefind search index (``search``,
``searchfiles``) and the check of links between the finished pages (``linkcheck``)."""
