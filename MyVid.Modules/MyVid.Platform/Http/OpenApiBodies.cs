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

    /// <summary>A text body of <paramref name="contentType"/> (SDP, an SDP fragment), required; the handler checks the type itself.</summary>
    public static RouteHandlerBuilder DescribeTextBody(this RouteHandlerBuilder builder, string contentType) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { [contentType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
            };
            return Task.CompletedTask;
        });
}
