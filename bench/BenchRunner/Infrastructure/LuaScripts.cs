namespace BenchRunner;

/// <summary>Writes the wrk Lua scripts: each ends with a done() that prints one JSON line for <see cref="Wrk"/>.</summary>
internal static class LuaScripts
{
    // Shared by all scripts: collects every thread's status counts and prints counts, errors and latency (us) as JSON.
    private const string Done = """
        codes = {}
        malformed = 0
        local threads = {}
        function setup(thread) table.insert(threads, thread) end
        function done(summary, latency, requests)
          local all, bad = {}, 0
          for _, t in ipairs(threads) do
            for k, v in pairs(t:get("codes") or {}) do all[k] = (all[k] or 0) + v end
            bad = bad + (t:get("malformed") or 0)
          end
          local parts = {}
          for k, v in pairs(all) do table.insert(parts, string.format('"%d":%d', k, v)) end
          local e = summary.errors
          local f = math.floor
          io.write(string.format('BENCHJSON {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
            '"p50":%d,"p90":%d,"p99":%d,"max":%d,"malformed":%d,"codes":{%s}}\n',
            f(summary.requests), f(summary.duration), f(e.connect), f(e.read), f(e.write), f(e.status), f(e.timeout),
            f(latency:percentile(50)), f(latency:percentile(90)), f(latency:percentile(99)), f(latency.max), f(bad), table.concat(parts, ",")))
        end

        """;

    // The URL's own GET, unchanged; non-2xx shows up in wrk's status error count.
    private const string Plain = Done;

    // GET path with "Authorization: Bearer <token>", rotating over the tokens of a file. args: tokens file, path.
    private const string Bearer = Done + """
        local requests, n, i = {}, 0, 0
        function init(args)
          for line in io.lines(args[1]) do
            n = n + 1
            requests[n] = wrk.format("GET", args[2], { ["Authorization"] = "Bearer " .. line })
          end
          math.randomseed(os.time() + n)
          i = math.random(n)
        end
        function request()
          i = i % n + 1
          return requests[i]
        end

        """;

    // POST /auth/login as user<i>@bench.local, rotating over the users; counts status codes and 200s without a token.
    // args: number of users, password.
    private const string Login = Done + """
        local bodies, n, i = {}, 0, 0
        function init(args)
          n = tonumber(args[1])
          for u = 0, n - 1 do
            bodies[u + 1] = wrk.format("POST", "/auth/login", { ["Content-Type"] = "application/json" },
              string.format('{"email":"user%d@bench.local","password":"%s"}', u, args[2]))
          end
          math.randomseed(os.time())
          i = math.random(n)
        end
        function request()
          i = i % n + 1
          return bodies[i]
        end
        function response(status, headers, body)
          codes[status] = (codes[status] or 0) + 1
          if status == 200 and not string.find(body, '"token":"', 1, true) then malformed = malformed + 1 end
        end

        """;

    /// <summary>Writes the scripts into a folder and returns their paths.</summary>
    public static (string Plain, string Bearer, string Login) Write(string folder)
    {
        string Save(string name, string text)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, text);
            return path;
        }

        return (Save("plain.lua", Plain), Save("bearer.lua", Bearer), Save("login.lua", Login));
    }
}
