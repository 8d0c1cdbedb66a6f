// Serves {"message":"Hello, World!"} on GET /hello, either with JustScale.Http or with an ASP.NET Core minimal API,
// and compares the two with wrk. Usage:
//   dotnet run -c Release --project bench/HttpBench -- compare [seconds=5] [rounds=10] [connections=64]
//   dotnet run -c Release --project bench/HttpBench -- serve justscale|minimal <port>
using HttpBench;

return args switch
{
    ["serve", "justscale", var port] => await Servers.RunJustScaleAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)),
    ["serve", "minimal", var port] => await Servers.RunMinimalApiAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)),
    ["compare", .. var rest] => await Comparison.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: HttpBench compare [seconds] [rounds] [connections] | serve justscale|minimal <port>");
    return 2;
}
