admin-dashboard = Dashboard
admin-posts = Posts
admin-pages = Pages
admin-media = Media
admin-comments = Comments
admin-network = Network
admin-view-site = View the site
admin-menu-compact = Menu
login-title = Sign in to the staff area
login-email = E-mail address
login-password = Password
login-submit = Sign in
login-failed = Wrong e-mail address or password.
login-throttled = Too many attempts. Try again in {$count} seconds.
login-no-access = Your account has no access to the staff area.
admin-no-access-title = Staff only
admin-no-access = You are signed in, but your account has no access to the staff area. If you think this is a mistake, contact your club's administrator.
admin-none = Nothing yet.
admin-all-posts = All posts
admin-drafts = Drafts
admin-scheduled = Scheduled posts
admin-latest = Latest posts
admin-pending-count = { $count ->
    [0] No comment awaiting moderation
    [one] {$count} comment awaiting moderation
   *[other] {$formatted} comments awaiting moderation
}
admin-categories = Categories and tags
admin-category-new = New category
admin-category-edit = Edit the category
admin-col-title = Title
admin-col-state = State
admin-col-club = Club
admin-col-date = Publication date
admin-col-author = Author
admin-col-post = Post
admin-col-posts = Posts
admin-col-actions = Actions
admin-state-published = Published
admin-state-scheduled = Scheduled
admin-state-draft = Draft
admin-network-wide = The whole network
admin-post-new = New post
admin-post-edit = Edit the post
admin-page-new = New page
admin-page-edit = Edit the page
admin-view-public = See the public page
admin-field-title = Title
admin-field-slug = Address (slug)
admin-field-slug-hint = Leave empty to make it from the title. Lowercase letters without accents, digits and hyphens.
admin-field-club = Club
admin-field-parent = Parent page
admin-parent-none = None (top-level page)
admin-field-format = Text format
admin-format-markdown = Simple editor (Markdown)
admin-format-html = HTML (cleaned on save)
admin-field-body = Text
admin-field-body-hint = In Markdown: ## for a subheading, - for a list, [text](address) for a link, a video address alone on its line to embed it.
admin-field-excerpt = Summary
admin-field-excerpt-hint = Optional: otherwise, the beginning of the text.
admin-field-image = Lead image
admin-field-image-library = Choose from the media library
admin-image-none = No image
admin-field-image-upload = Or upload a new picture
admin-field-tags-hint = Separated by commas, for example: employment, digital.
admin-field-options = Options
admin-field-featured = Featured
admin-field-comments-closed = Close comments
admin-field-publication = Publication
admin-publish-draft = Draft
admin-publish-publish = Publish
admin-field-date = Publication date and time
admin-field-date-hint = Paris time. A future date schedules the publication; empty, the post is published at once.
admin-field-name = Name
admin-field-description = Description
admin-error-club = Choose a club you may publish for.
admin-save = Save
admin-preview = Preview
admin-preview-banner = Preview: this content is not saved. This is how it will look.
admin-other-actions = Other actions
admin-unpublish = Unpublish (back to draft)
admin-delete = Delete
admin-delete-confirm = Yes, delete for good
admin-delete-question = Delete “{$name}” for good? This cannot be undone.
admin-confirm-title = Confirm the deletion
admin-cancel = Cancel
admin-flash-saved = Changes saved.
admin-flash-deleted = Item deleted.
admin-flash-unpublished = Back to draft: it is no longer visible on the site.
admin-flash-uploaded = File added to the media library.
admin-flash-moderated = Moderation saved.
admin-comments-pending = Pending
admin-comments-approved = Approved
admin-comments-spam = Spam
admin-comments-filter = Filter the comments
admin-comments-nothing = Choose an action and at least one comment.
admin-bulk-action = Action on the ticked comments
admin-apply = Apply
admin-approve = Approve
admin-spam = Spam
admin-select = Select
media-upload-title = Add a file
media-file = File (JPEG, PNG, GIF, WebP picture or PDF document)
media-file-hint = 20 MB at most. Pictures are resized and their metadata (EXIF, location) removed.
media-alt = Alternative text
media-alt-hint = Required for a picture: describe what it shows for those who cannot see it.
media-upload = Upload
media-library = Media library
media-error-empty = Choose a file to upload.
media-error-too-large = This file is too large (20 MB at most).
media-error-type = This type of file is not accepted: only JPEG, PNG, GIF, WebP pictures or PDF documents.
media-error-corrupt = This file is damaged or unreadable.
media-error-not-image = Choose a picture (JPEG, PNG, GIF or WebP).
media-error-alt = Describe the picture in the alternative text.

## Import from WordPress
admin-import = Import
import-title = Import from WordPress
import-intro = Upload your WordPress site’s export (Tools › Export › All content). Posts, pages, categories, tags, media and comments are carried over, and old addresses redirect to the new ones. Importing the same file again creates no duplicates.
import-upload-title = Upload an export
import-file = WordPress export file (XML)
import-file-hint = The .xml file WordPress produces, 20 MB at most.
import-club = Club
import-dry-run = Dry run
import-dry-run-short = dry run
import-dry-run-hint = Shows what the import would do, without saving anything.
import-dry-run-note = Dry run: nothing was saved.
import-start = Start the import
import-reports = Reports of past imports
import-col-date = Date
import-col-file = File
import-col-kind = Content
import-created = Created
import-updated = Updated
import-unchanged = Unchanged
import-skipped = Skipped
import-warnings = Warnings
import-total = Total
import-error-no-file = Choose the export file to upload.
import-error-empty = The uploaded file is empty.
import-error-not-xml = This file is not XML: upload the .xml file exported by WordPress.
import-error-club = Choose a club from the list.
import-job-title = Import in progress
import-progress = Import progress
import-phase-queued = Waiting
import-phase-reading = Reading the file
import-phase-media = Media
import-phase-writing = Saving the content
import-phase-done = Import finished
import-phase-failed = Import failed
import-failed-title = The import failed
import-failed-nothing = Nothing was imported. Fix the file or export it again, then try again.
import-again = Import another file
import-summary = Summary
import-open-report = Open the full report
import-report-title = Import report: { $file }
import-kind-authors = Authors
import-kind-categories = Categories
import-kind-tags = Tags
import-kind-media = Media
import-kind-posts = Posts
import-kind-pages = Pages
import-kind-comments = Comments
import-redirects = Old addresses redirected
import-other-types = Content of other types, not carried over
import-no-warnings = No warnings.
import-warnings-author = Authors
import-warnings-category = Categories
import-warnings-tag = Tags
import-warnings-media = Media
import-warnings-post = Posts
import-warnings-page = Pages
import-warnings-other = Other
import-more-warnings = { $count ->
    [one] … and { $count } more warning.
   *[other] … and { $count } more warnings.
}
import-back = Back to the import
admin-dash-attention = Needs attention
admin-dash-attention-none = Nothing needs attention right now.
admin-dash-week = The last 7 days
admin-dash-pending-comments = { $count ->
    [one] comment to moderate
   *[other] comments to moderate
}
admin-dash-drafts = { $count ->
    [one] draft post
   *[other] draft posts
}
admin-dash-published-week = { $count ->
    [one] post published
   *[other] posts published
}
admin-dash-comments-week = { $count ->
    [one] comment received
   *[other] comments received
}
