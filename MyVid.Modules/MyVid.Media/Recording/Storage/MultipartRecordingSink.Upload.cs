using MyVid.Platform.Storage;

namespace MyVid.Media.Recording.Storage;

/// <summary>The upload task: starts the upload, then stores the parts in order and rewrites the manifest after each.</summary>
internal sealed partial class MultipartRecordingSink
{
    private async Task UploadLoopAsync()
    {
        var token = _stop.Token;
        try
        {
            await StartUploadAsync(token);
            await foreach (var job in _jobs.Reader.ReadAllAsync(token))
            {
                var stored = job.Length;
                if (job.Kind == UploadJobKind.Part)
                {
                    if (job.Spooled is { } spooled && !_spool!.TryTake(spooled))
                    {
                        continue; // dropped by the spool's cap meanwhile
                    }
                    // Parts after the first are numbered as they are stored, so the parts dropped by the spool leave no hole.
                    var number = job.Number == 1 ? 1 : _nextPart++;
                    var part = await _retry.RunAsync($"part {number}", async () =>
                    {
                        await using var content = job.Spooled?.OpenRead() ?? (Stream)new MemoryStream(job.Buffer, 0, job.Length, writable: false);
                        return await _store.UploadPartAsync(_manifest.Bucket, _manifest.Key, _manifest.UploadId, number, content, token);
                    }, token);
                    if (number > 1 && job.Buffer.Length >= _settings.PartSize)
                    {
                        Interlocked.Exchange(ref _spare, job.Buffer);
                    }
                    _uploaded[number] = new RecordingPart(number, part.Size, part.ETag, job.EndMs);
                    PartsUploaded++;
                    _manifest = _manifest with
                    {
                        Parts = _uploaded.Values.OrderBy(p => p.Number).ToList(),
                        DurationMs = _uploaded.Values.Max(p => p.EndMs),
                        Length = _uploaded.Values.Sum(p => p.Size),
                    };
                }
                else
                {
                    var parts = _uploaded.Values.OrderBy(p => p.Number).Select(p => new UploadedPart(p.Number, p.ETag, p.Size)).ToList();
                    await _retry.RunAsync("completing the upload", async () =>
                    {
                        await _store.CompleteMultipartAsync(_manifest.Bucket, _manifest.Key, _manifest.UploadId, parts, token);
                        return true;
                    }, token);
                    _manifest = _manifest with
                    {
                        State = CutShort ? RecordingManifestState.Recovered : RecordingManifestState.Completed,
                        DurationMs = job.EndMs,
                        Width = job.Width,
                        Height = job.Height,
                    };
                }
                var manifest = _manifest;
                await _retry.RunAsync("the manifest", async () =>
                {
                    await manifest.WriteAsync(_store, token);
                    return true;
                }, token);
                // Only now: a part counts as stored once the manifest knows it.
                Interlocked.Add(ref _backlog, -stored);
                if (job.Spooled is { } done)
                {
                    _spool!.Remove(done);
                }
                if (job.Provisional)
                {
                    Interlocked.Exchange(ref _provisionalPending, 0);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Aborted, failed or abandoned.
        }
        catch (RecordingFailedException e)
        {
            Fail(e.Message);
        }
    }

    /// <summary>Starts the multipart upload and writes the manifest, retried until the store answers (or the sink stops).</summary>
    private async Task StartUploadAsync(CancellationToken token)
    {
        var uploadId = await _retry.RunAsync("the start of the upload", () =>
            _store.StartMultipartAsync(_manifest.Bucket, _manifest.Key, _contentType, token), token, untilStopped: true);
        _manifest = _manifest with { UploadId = uploadId };
        var manifest = _manifest;
        await _retry.RunAsync("the manifest", async () =>
        {
            await manifest.WriteAsync(_store, token);
            return true;
        }, token, untilStopped: true);
        _started = true;
        _onStarted?.Invoke();
    }
}
