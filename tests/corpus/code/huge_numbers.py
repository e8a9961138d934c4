model = nn.Sequential(nn.Conv2d(99999999999999999999999, 1, 3), nn.Conv2d(1, 1, 1e999))
