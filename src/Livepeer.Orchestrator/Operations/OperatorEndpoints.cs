using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator;

/// <summary><c>GET /status</c> and <c>GET /healthz</c>, answered to loopback callers unless remote access is allowed.</summary>
internal static class OperatorEndpoints
{
    public const string StatusPath = "/status";
    public const string HealthPath = "/healthz";

    public static void Map(IEndpointRouteBuilder endpoints, CompositeEndpointConventionBuilder conventions)
    {
        conventions.Add(endpoints.MapGet(StatusPath, ServeStatusAsync).WithDisplayName("Livepeer orchestrator status"));
        conventions.Add(endpoints.MapGet(HealthPath, ServeHealthAsync).WithDisplayName("Livepeer orchestrator health"));
    }

    private static async Task ServeStatusAsync(HttpContext context)
    {
        if (!Admit(context, "status"))
        {
            return;
        }

        var document = context.RequestServices.GetRequiredService<OrchestratorStatusReader>().Read();
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsJsonAsync(document, OperationsJsonContext.Default.OrchestratorStatusDocument, contentType: null, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task ServeHealthAsync(HttpContext context)
    {
        if (!Admit(context, "healthz"))
        {
            return;
        }

        var health = context.RequestServices.GetRequiredService<HealthCheckService>();
        var report = await health.CheckHealthAsync(context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        context.Response.Headers.CacheControl = "no-store";
        var checks = report.Entries.ToDictionary(
            e => e.Key,
            e => e.Value.Description is { Length: > 0 } description ? $"{e.Value.Status}: {description}" : e.Value.Status.ToString(),
            StringComparer.Ordinal);
        await context.Response.WriteAsJsonAsync(new HealthDocument(report.Status.ToString(), checks), OperationsJsonContext.Default.HealthDocument, contentType: null, context.RequestAborted)
            .ConfigureAwait(false);
    }

    private static bool Admit(HttpContext context, string endpoint)
    {
        var allowed = context.RequestServices.GetRequiredService<IOptions<LivepeerOrchestratorOptions>>().Value.AllowRemoteOperatorAccess
            || IsLocal(context.Connection.RemoteIpAddress);
        OperationsMetrics.OperatorRequests.Add(
            1,
            new KeyValuePair<string, object?>("endpoint", endpoint),
            new KeyValuePair<string, object?>("outcome", allowed ? "served" : "forbidden"));
        if (!allowed)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OperatorEndpoints).FullName!);
            OperationsLog.OperatorAccessRefused(logger, context.Request.Path, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
        }

        return allowed;
    }

    /// <summary>
    /// Loopback callers are local. So are connections without an IP address: Unix sockets, named pipes and in-process
    /// test servers cannot be reached from another machine.
    /// </summary>
    internal static bool IsLocal(IPAddress? remote)
    {
        if (remote is null)
        {
            return true;
        }

        return IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
    }
}
