from django.urls import path

from designer import apis

urlpatterns = [
    path("designer/schema.json", apis.SchemaApi.as_view(), name="api-designer-schema"),
    path("designer/definitions/", apis.DefinitionListApi.as_view(), name="api-designer-definitions"),
    path("designer/definitions/import/", apis.ImportApi.as_view(), name="api-designer-import"),
    path("designer/definitions/<int:pk>/", apis.DefinitionApi.as_view(), name="api-designer-definition"),
    path("designer/definitions/<int:pk>/draft/", apis.DraftApi.as_view(), name="api-designer-draft"),
    path("designer/definitions/<int:pk>/publish/", apis.PublishApi.as_view(), name="api-designer-publish"),
    path("designer/definitions/<int:pk>/enable/", apis.EnableApi.as_view(), name="api-designer-enable"),
    path("designer/definitions/<int:pk>/disable/", apis.DisableApi.as_view(), name="api-designer-disable"),
    path("designer/definitions/<int:pk>/export/", apis.ExportApi.as_view(), name="api-designer-export"),
    path("designer/validate/", apis.ValidateApi.as_view(), name="api-designer-validate"),
    path("designer/simulate/", apis.SimulateApi.as_view(), name="api-designer-simulate"),
    path("designer/people/", apis.PeopleApi.as_view(), name="api-designer-people"),
    path("designer/organisations/", apis.OrganisationsApi.as_view(), name="api-designer-organisations"),
]
