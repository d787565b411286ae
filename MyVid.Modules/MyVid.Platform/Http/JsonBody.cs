using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MyVid.Platform.Http;

/// <summary>
/// Reads and validates a JSON request body. Property names match case-insensitively (the design's appendices mix
/// cases); an empty body is allowed where the caller says so; malformed JSON and invalid values become
/// problem+json 400 answers, never a 500.
/// </summary>
public static class JsonBody
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Largest JSON body MyVid reads; anything larger is refused with 413 before it is parsed.</summary>
    public const int MaxBytes = 64 * 1024;

    public static async Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, IValidator<T> validator, bool allowEmpty)
        where T : class, new()
    {
        if (request.ContentLength > MaxBytes)
        {
            return Problem<T>(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"JSON bodies are limited to {MaxBytes} bytes.");
        }
        using var buffer = new MemoryStream();
        await CopyAtMostAsync(request.Body, buffer, MaxBytes + 1, request.HttpContext.RequestAborted);
        if (buffer.Length > MaxBytes)
        {
            return Problem<T>(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"JSON bodies are limited to {MaxBytes} bytes.");
        }
        T? value;
        if (buffer.Length == 0 || IsWhiteSpace(buffer))
        {
            if (!allowEmpty)
            {
                return Problem<T>(StatusCodes.Status400BadRequest, "Missing request body", "This request needs a JSON object in its body.");
            }
            value = new T();
        }
        else
        {
            try
            {
                value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Options);
            }
            catch (JsonException e)
            {
                var where = e.LineNumber is { } line ? $" (line {line + 1}, position {e.BytePositionInLine + 1})" : "";
                return Problem<T>(StatusCodes.Status400BadRequest, "Malformed JSON", $"The request body is not valid JSON for this request{where}.");
            }
            if (value is null)
            {
                return Problem<T>(StatusCodes.Status400BadRequest, "Malformed JSON", "The request body must be a JSON object, not null.");
            }
        }
        var validation = await validator.ValidateAsync(value, request.HttpContext.RequestAborted);
        if (!validation.IsValid)
        {
            return new BodyResult<T>(null, TypedResults.Problem(new HttpValidationProblemDetails(validation.ToDictionary())
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Invalid request",
                Detail = string.Join(" ", validation.Errors.Select(e => e.ErrorMessage)),
            }));
        }
        return new BodyResult<T>(value, null);
    }

    private static BodyResult<T> Problem<T>(int status, string title, string detail)
        where T : class =>
        new(null, TypedResults.Problem(statusCode: status, title: title, detail: detail));

    private static bool IsWhiteSpace(MemoryStream buffer) =>
        buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOfAnyExcept(" \t\r\n"u8) < 0;

    private static async Task CopyAtMostAsync(Stream source, Stream destination, int limit, CancellationToken cancellationToken)
    {
        var chunk = new byte[8192];
        int read;
        while (destination.Length < limit && (read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            await destination.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }
    }
}

/// <summary>Either a value or the problem answer to send instead.</summary>
public sealed record BodyResult<T>(T? Value, ProblemHttpResult? Problem)
    where T : class;
