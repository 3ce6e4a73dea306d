#!/usr/bin/env python3
"""Write a synthetic WordPress export (WXR 1.2) with N posts and their comments.

usage: generate.py [N] [OUT]   (default 100000 posts, to stdout)
Standard library only. Each post has two paragraphs, a list, a caption shortcode, a category,
two tags and two comments (one a reply); every tenth post is a draft.
"""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
out = open(sys.argv[2], "w", encoding="utf-8") if len(sys.argv) > 2 else sys.stdout
w = out.write
w('<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
  'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
  'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Bench</title>\n<link>https://bench.example.org</link>\n'
  '<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_site_url>https://bench.example.org</wp:base_site_url>\n'
  '<wp:base_blog_url>https://bench.example.org</wp:base_blog_url>\n'
  '<wp:author><wp:author_login><![CDATA[admin]]></wp:author_login><wp:author_email><![CDATA[admin@bench.example.org]]></wp:author_email>'
  '<wp:author_display_name><![CDATA[Admin]]></wp:author_display_name></wp:author>\n')
for c in range(20):
    w(f'<wp:category><wp:term_id>{c + 1}</wp:term_id><wp:category_nicename>categorie-{c}</wp:category_nicename>'
      f'<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Catégorie {c}]]></wp:cat_name></wp:category>\n')
comment_id = 1
for i in range(1, n + 1):
    pid = 1000 + i
    y, m, d = 2010 + (i % 14), 1 + (i % 12), 1 + (i % 28)
    date = f"{y}-{m:02d}-{d:02d} 10:{i % 60:02d}:00"
    status = "draft" if i % 10 == 0 else "publish"
    slug = f"article-numero-{i}"
    body = (f"Premier paragraphe de l'article {i}, sur l'égalité des chances et le numérique.\n"
            f"Une ligne de plus.\n\nDeuxième paragraphe avec un <a href=\"https://bench.example.org/?p={pid - 1}\">lien</a>.\n\n"
            "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>\n\n"
            f"[caption id=\"attachment_1\" width=\"300\"]<img src=\"https://bench.example.org/wp-content/uploads/{y}/{m:02d}/photo-{i}.jpg\" alt=\"\" /> Légende {i}[/caption]")
    w(f'<item><title>Article numéro {i}</title><link>https://bench.example.org/{y}/{m:02d}/{d:02d}/{slug}/</link>'
      f'<dc:creator><![CDATA[admin]]></dc:creator><guid isPermaLink="false">https://bench.example.org/?p={pid}</guid>'
      f'<content:encoded><![CDATA[{body}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>'
      f'<wp:post_id>{pid}</wp:post_id><wp:post_date>{date}</wp:post_date><wp:post_date_gmt>{date}</wp:post_date_gmt>'
      f'<wp:comment_status>open</wp:comment_status><wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status>'
      f'<wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>'
      f'<wp:is_sticky>0</wp:is_sticky>'
      f'<category domain="category" nicename="categorie-{i % 20}"><![CDATA[Catégorie {i % 20}]]></category>'
      f'<category domain="post_tag" nicename="tag-{i % 50}"><![CDATA[Tag {i % 50}]]></category>'
      f'<category domain="post_tag" nicename="tag-{(i * 7) % 50}"><![CDATA[Tag {(i * 7) % 50}]]></category>')
    for k in range(2):
        parent = comment_id - 1 if k == 1 else 0
        w(f'<wp:comment><wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author><![CDATA[Lecteur {comment_id}]]></wp:comment_author>'
          f'<wp:comment_author_email>l{comment_id}@example.org</wp:comment_author_email><wp:comment_author_IP>192.0.2.1</wp:comment_author_IP>'
          f'<wp:comment_date>{date}</wp:comment_date><wp:comment_date_gmt>{date}</wp:comment_date_gmt>'
          f'<wp:comment_content><![CDATA[Merci pour cet article {i} !]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved>'
          f'<wp:comment_type>comment</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent></wp:comment>')
        comment_id += 1
    w('</item>\n')
w('</channel>\n</rss>\n')
out.close()
