using DistrictSferum.Cli;

return await SferumCtl.RunAsync(args, CliEnvironment.FromProcess());
