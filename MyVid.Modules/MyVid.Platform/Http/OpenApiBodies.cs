using Microsoft.AspNetCore.Builder;
using Microsoft.OpenApi;

namespace MyVid.Platform.Http;

/// <summary>
/// Describes a JSON body read by <see cref="JsonBody"/> in the OpenAPI document. Not <c>Accepts&lt;T&gt;()</c>: that
/// also makes routing refuse requests without a JSON content type (415), and the design's clients POST bare bodies.
/// </summary>
public static class OpenApiBodies
{
    public static RouteHandlerBuilder DescribeJsonBody<T>(this RouteHandlerBuilder builder, bool required) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = required,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });
}
