using System.Net;
using System.Net.Sockets;

namespace DistrictSferum.Tests.Infrastructure;

public static class FreePort
{
    /// <summary>Whether a start failed because a port was taken between choosing it and binding it.</summary>
    public static bool IsAddressInUse(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } ||
                x.GetType().Name == "AddressInUseException" ||
                x.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return e is AggregateException a && a.InnerExceptions.Any(IsAddressInUse);
    }

    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
