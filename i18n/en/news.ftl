home-title = Home
home-latest = Latest news
home-all-news = All news
home-clubs = The network's clubs
home-find-club = Find a club
home-about = About us
home-partners-title = Businesses, local authorities, foundations: act with us
home-partners-text = Funding or skills sponsorship, workshops, mentoring: our partners bring the network to life, close to young people.
home-partners-link = Meet our partners
news-list-title = List of news
news-title = News
news-archive-intro = All the network's news, newest first.
news-page = Page {$count}
news-empty = No news yet.
news-read-more = Read more
news-published-on = Published on
news-by = by
news-in-club = Club
news-categories = Categories
news-tags = Tags
news-contacts = Contacts
news-previous = Previous post
news-next = Next post
news-featured = Featured
news-category-title = Category: {$name}
news-tag-title = Tag: {$name}
news-month-title = Archives: {$name}
news-club-title = News: {$name}
news-feed = Subscribe to the Atom feed
news-months = Monthly archives
news-categories-all = All categories
news-download = Download
pager-label = Pagination
pager-previous = Previous
pager-next = Next
pager-page = Page {$count}
pager-current = Page {$count}, current page
comments-count = { $count ->
    [0] No comments
    [one] {$count} comment
   *[other] {$formatted} comments
}
comments-title = Comments
comments-none = No comments yet.
comments-closed = Comments are closed for this post.
comments-reply = Reply
comments-reply-to = Reply to {$name}
comments-form-title = Leave a comment
comments-form-intro = Your e-mail address will not be published. Comments are reviewed before they appear.
comments-name = Name
comments-email = E-mail
comments-body = Comment
comments-parent = In reply to
comments-parent-none = New comment
comments-honeypot = Leave this field empty
comments-submit = Post comment
comments-pending = Thank you! Your comment has been received: it will appear once reviewed.
comments-published = Thank you! Your comment is published.
comments-error-body = Write your comment.
comments-error-name = Give your name.
comments-said = wrote on
comments-anonymous = Anonymous
search-title = Search
search-page-form = New search
search-page-label = Words to search for
search-results-for = Results for “{$query}”
search-count = { $count ->
    [0] No results
    [one] {$count} result
   *[other] {$formatted} results
}
search-count-more = More than {$formatted} results, ranked among the latest {$formatted}
search-empty-query = Type one or more words.
search-no-results = Nothing matches your search. Try other words.
search-page = Page
sitemap-title = Site map
sitemap-pages = Pages
news-preview-notice = Preview: this content is not published yet.
