using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace DistrictSferum.Server;

/// <summary>
/// The web app (RULES DIS-6): the built files of src/DistrictSferum.Web served on the gRPC-Web port, so the page and
/// the API share one origin (no CORS needed for it). It is a client of the public API only; this serves files, nothing
/// else. Precompressed .br/.gz siblings are sent to browsers that accept them.
/// </summary>
public static class WebApp
{
    /// <summary>
    /// Strict: scripts, styles and connections only from this origin; no inline script or style, no eval, no framing.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; " +
        "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <summary>Serves the app from <see cref="ServerOptions.WebAppRoot"/> on the web port (GET and HEAD only).</summary>
    public static void UseSferumWebApp(this WebApplication app, ServerOptions settings)
    {
        if (string.IsNullOrEmpty(settings.WebAppRoot) || settings.WebPort <= 0) return;
        var root = Path.GetFullPath(settings.WebAppRoot);
        if (!File.Exists(Path.Combine(root, "index.html")))
            throw new InvalidOperationException($"Server:WebAppRoot {root} has no index.html: build the web app (src/DistrictSferum.Web: npm ci && npm run build).");
        app.Logger.LogInformation("Serving the web app from {WebAppRoot} on port {WebPort}", root, settings.WebPort);
        app.UseWhen(
            c => c.Connection.LocalPort == settings.WebPort && (HttpMethods.IsGet(c.Request.Method) || HttpMethods.IsHead(c.Request.Method)),
            branch => branch.Run(c => ServeAsync(c, root)));
    }

    private static async Task ServeAsync(HttpContext context, string root)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";

        var path = context.Request.Path.Value is null or "/" ? "/index.html" : context.Request.Path.Value;
        var full = Path.GetFullPath(Path.Combine(root, path.TrimStart('/')));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full)
            || full.EndsWith(".br", StringComparison.Ordinal) || full.EndsWith(".gz", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        headers.ContentType = ContentTypes.TryGetContentType(full, out var type) ? type : "application/octet-stream";
        // Hashed asset names never change; index.html is checked every time so a new build is picked up at once.
        headers.CacheControl = path.StartsWith("/assets/", StringComparison.Ordinal) ? "public, max-age=31536000, immutable" : "no-cache";
        headers.Vary = HeaderNames.AcceptEncoding;
        var accepts = context.Request.Headers.AcceptEncoding.ToString();
        var file = full;
        if (accepts.Contains("br", StringComparison.Ordinal) && File.Exists(full + ".br"))
        {
            file = full + ".br";
            headers.ContentEncoding = new StringValues("br");
        }
        else if (accepts.Contains("gzip", StringComparison.Ordinal) && File.Exists(full + ".gz"))
        {
            file = full + ".gz";
            headers.ContentEncoding = new StringValues("gzip");
        }

        context.Response.ContentLength = new FileInfo(file).Length;
        if (HttpMethods.IsHead(context.Request.Method)) return;
        await context.Response.SendFileAsync(file, context.RequestAborted);
    }
}
