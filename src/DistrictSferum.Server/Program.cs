using DistrictSferum.Server;

var app = await SferumServer.BuildAsync(args);
await app.RunAsync();
