using System.Net;
using System.Text.Json;
using MyVid.Testing;

namespace MyVid.Upload.Tests;

/// <summary>An api node with no endpoint alive answers NEWUPLOAD with 503, Retry-After and a problem+json body.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
public sealed class NoEndpointTests(Backend backend)
{
    [Test]
    public async Task NEWUPLOAD_is_503_with_Retry_After_when_no_endpoint_is_alive()
    {
        await using var api = await TestNode.StartAsync(backend, "api", Settings.Fast());
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
        {
            using var response = await api.Http.SendAsync(new HttpRequestMessage(method, "API/NEWUPLOAD/"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            var problem = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("No upload endpoint available"));
        }
        using var upload = await api.Http.PostAsync("NEWVIDEOUPLOAD", new StringContent("{}"));
        Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "NEWVIDEOUPLOAD is the endpoint role's");
    }
}
