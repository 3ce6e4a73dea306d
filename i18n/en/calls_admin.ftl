# calls_admin
# The calls' back office: list, call, categories, form, stages, applications, exports.

calls-admin-title = Calls and competitions
calls-admin-call-nav = Pages of the call
calls-admin-tab-call = The call
calls-admin-tab-categories = Categories
calls-admin-tab-form = Form
calls-admin-tab-stages = Stages and rubrics
calls-admin-tab-applications = Applications
