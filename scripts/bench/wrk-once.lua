-- Appended to wrk.lua for `once` runs (see there): counts this thread's answers and says when its share is in.
function response(status, headers, body)
  answered = answered + 1
  if answered == share then
    io.write("gw-thread-done\n")
    io.flush()
  end
end
