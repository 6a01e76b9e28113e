from django.urls import path

from . import views

app_name = "posts"

urlpatterns = [
    path("", views.post_list, name="list"),
    path("posts/<slug:slug>/", views.post_detail, name="detail"),
    path("api/posts/", views.api_post_list, name="api-list"),
    path("api/posts/<slug:slug>/", views.api_post_detail, name="api-detail"),
    path("api/posts/<slug:slug>/comments/", views.api_create_comment, name="api-comment"),
]
