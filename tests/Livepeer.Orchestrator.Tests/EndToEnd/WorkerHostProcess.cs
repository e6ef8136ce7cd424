using System.Diagnostics;

namespace Livepeer.Orchestrator.Tests.EndToEnd;

/// <summary>
/// tests/Livepeer.Orchestrator.WorkerHost as a separate process (<c>dotnet Livepeer.Orchestrator.WorkerHost.dll
/// --orchestrator … --secret … --capacity … --devices none</c>), its output kept for failure messages and killed with
/// its ffmpeg children on dispose.
/// </summary>
internal sealed class WorkerHostProcess : IDisposable
{
    private const string ProjectName = "Livepeer.Orchestrator.WorkerHost";
    private const int MaxTranscriptLines = 400;

    /// <summary>The SDK's assemblies that the worker host and this test project both copy from the same build.</summary>
    private static readonly string[] SharedAssemblies =
    [
        "Livepeer.Orchestrator.dll", "Livepeer.Transcoding.dll", "Livepeer.Network.dll", "Livepeer.Payments.dll", "Livepeer.Protocol.dll",
    ];

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    private readonly Process _process;
    private readonly Queue<string> _transcript = new();

    private WorkerHostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data is null ? null : "stderr: " + e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    public string Transcript
    {
        get
        {
            lock (_transcript)
            {
                return string.Join('\n', _transcript);
            }
        }
    }

    /// <summary>
    /// The worker host's entry assembly, built first when it is missing or older than the SDK assemblies this test run
    /// uses (the test project does not reference it, so building the tests alone leaves it as it was).
    /// </summary>
    public static async Task<string> EnsureBuiltAsync()
    {
        var testDirectory = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var framework = Path.GetFileName(testDirectory);
        var configuration = Path.GetFileName(Path.GetDirectoryName(testDirectory))!;
        var project = Path.Combine(FindRepositoryRoot(testDirectory), "tests", ProjectName);
        var output = Path.Combine(project, "bin", configuration, framework);
        var entry = Path.Combine(output, ProjectName + ".dll");
        if (IsCurrent(entry, output, testDirectory, project))
        {
            return entry;
        }

        var start = new ProcessStartInfo(DotnetPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "build", Path.Combine(project, ProjectName + ".csproj"), "-c", configuration, "--nologo", "-v:q", "-nodeReuse:false" })
        {
            start.ArgumentList.Add(argument);
        }

        using var build = Process.Start(start) ?? throw new InvalidOperationException("dotnet build did not start.");
        var stdout = build.StandardOutput.ReadToEndAsync();
        var stderr = build.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(BuildTimeout))
        {
            try
            {
                await build.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                build.Kill(entireProcessTree: true);
                Assert.Fail($"building {ProjectName} took longer than {BuildTimeout.TotalMinutes} minutes");
            }
        }

        Assert.That(build.ExitCode, Is.Zero, $"building {ProjectName} failed:\n{await stdout}\n{await stderr}");
        Assert.That(File.Exists(entry), Is.True, $"the build did not produce {entry}");
        return entry;
    }

    public static WorkerHostProcess Start(string entryAssembly, Uri orchestrator, string secret, int capacity)
    {
        var start = new ProcessStartInfo(DotnetPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            entryAssembly,
            "--orchestrator", orchestrator.ToString(),
            "--secret", secret,
            "--capacity", capacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--devices", "none",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        return new WorkerHostProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the worker host."));
    }

    /// <summary>Kills the worker and the ffmpeg processes it started, and waits (bounded) for it to be gone.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static bool IsCurrent(string entry, string output, string testDirectory, string project)
    {
        if (!File.Exists(entry))
        {
            return false;
        }

        var built = File.GetLastWriteTimeUtc(entry);
        var sources = Directory.EnumerateFiles(project, "*.cs", SearchOption.TopDirectoryOnly).Append(Path.Combine(project, ProjectName + ".csproj"));
        if (sources.Any(source => File.GetLastWriteTimeUtc(source) > built))
        {
            return false;
        }

        // Both outputs copy the SDK's assemblies from the same build, so equal bytes mean the worker runs this SDK.
        foreach (var name in SharedAssemblies)
        {
            var ours = Path.Combine(testDirectory, name);
            var theirs = Path.Combine(output, name);
            if (!File.Exists(theirs) || (File.Exists(ours) && !File.ReadAllBytes(ours).AsSpan().SequenceEqual(File.ReadAllBytes(theirs))))
            {
                return false;
            }
        }

        return true;
    }

    private static string FindRepositoryRoot(string start)
    {
        var directory = new DirectoryInfo(start);
        for (var depth = 0; directory is not null && depth < 12; depth++, directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Livepeer.Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Livepeer.Sdk.sln above {start}.");
    }

    /// <summary>The dotnet host that runs these tests (the CLI tells its children), else the one on PATH.</summary>
    private static string DotnetPath()
        => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_transcript)
        {
            _transcript.Enqueue(line);
            if (_transcript.Count > MaxTranscriptLines)
            {
                _transcript.Dequeue();
            }
        }
    }
}
