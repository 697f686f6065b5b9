// The browsable API page: Swagger UI over the app's own OpenAPI document.
const target = document.getElementById("swagger-ui");
window.SwaggerUIBundle({ url: target.dataset.spec, domNode: target, deepLinking: true });
