# The home page and its blocks (src/modules/home). The home's older words (home-latest,
# home-clubs, home-partners-…) are in news.ftl.
home-default-title = The network's news and events
home-figures-title = The network in figures
home-events-title = Upcoming events
home-events-none = No event is announced at the moment.
home-events-all = All events
home-clubs-all = All clubs
home-clubs-other-region = Other areas
home-support-default-title = Support us
home-places-open = Registration open
home-places-soon = Registration opens soon
home-places-cancelled = Cancelled

home-admin-title = Home page
home-admin-intro = Compose the site's home page: choose the blocks shown, their order and their content.
home-admin-view = See the home page
home-block-hero = Opening banner
home-block-figures = Key figures
home-block-news = Featured news
home-block-events = Upcoming events
home-block-clubs = Clubs by region
home-block-partners = Partners
home-block-support = Support or newsletter band
home-state-shown = Shown
home-state-hidden = Hidden
home-move-up = Move up
home-move-down = Move down
home-hide = Hide
home-show = Show
home-edit = Edit
home-save = Save
home-cancel = Cancel
home-flash-saved = The block is saved.
home-flash-moved = The home page is updated.
home-about-hero-default = Default title and text: the network's motto.
home-about-support-empty = No text: the band does not show.
home-about-figures = { $count ->
    [0] No figure: the block does not show.
    [one] One figure.
   *[other] {$formatted} figures.
}
home-about-news = { $count ->
    [one] The latest post.
   *[other] The {$formatted} latest posts.
}
home-about-news-pinned = { $count ->
    [one] The pinned post first, then the latest post.
   *[other] The pinned post first, then the {$formatted} latest.
}
home-about-events = { $count ->
    [one] The next event, with the places left.
   *[other] The next {$formatted} events, with the places left.
}
home-about-clubs = The network's clubs, grouped by region (their area).
home-about-partners = The partners' logos; it replaces the partners strip at the foot of the page.
home-field-title = Title
home-field-text = Text
home-field-picture = Picture
home-field-link-label = Link text
home-field-link-url = Link address
home-field-count = Number of items
home-field-pinned = Lead with the latest pinned ("featured") post
home-field-figure-value = Number
home-field-figure-label = What it counts
home-figure-legend = Figure {$count}
home-no-picture = No picture
home-hint-hero-title = The page's main heading. Left empty, the network's motto.
home-hint-support-title = For example: "Support the network" or "Get our newsletter".
home-hint-picture = Chosen from the media library; its alternative text is read to blind people.
home-hint-link = A page of the site ("/evenements") or a full web address ("https://…").
home-hint-count = From 1 to {$max}; left empty, the default.
home-hint-figures = Up to six figures, for example "1,200" and "young people supported". Leave a row empty not to show it.
home-error-too-long = 120 characters at most.
home-error-text-too-long = 600 characters at most.
home-error-link = Give a page of the site starting with "/" or an address starting with "https://".
home-error-link-pair = The link needs both its text and its address.
home-error-support-empty = Write a title or a text.
home-error-media = Choose a picture from the media library.
home-error-figure-number = Write a whole number, for example "1,200".
home-error-figure-missing = Write this figure's number.
home-error-figure-label = Write what this number counts, for example "young people supported".
home-error-count = Write a number between 1 and 12.
